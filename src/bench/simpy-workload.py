"""The benchmark workload (src/bench/workload.ts) as a SimPy 3 model, with convsim's algorithm:
Poisson arrivals; each conversation gets an agent (round-robin, its open count kept), a geometric
number of messages with exponential gaps, inactive 30 minutes after the last message, closed a day
later; one timer process per conversation with a lazy deadline (a message moves the deadline, and
the timer, when it wakes too early, sleeps again until the new one). Counts what convsim counts as
events: arrivals, messages, and timers that really change a state.

Usage: python3 simpy-workload.py LIVE WINDOW_DAYS SEED
Prints one line of JSON: the events in the window and the wall seconds they took.
"""

import json
import random
import sys
import time

import simpy

DAY = 86_400
GAP_MEAN_S = 120
MESSAGES_MEAN = 6
INACTIVE_S = 1_800
CLOSED_S = 86_400
MEAN_OPEN_S = 5 * 120 + 1_800 + 86_400
WARMUP_S = 1.2 * DAY


class World:
    def __init__(self, env, live, seed):
        self.env = env
        self.rng = random.Random(seed)
        self.rate_per_s = round(live / MEAN_OPEN_S * 3_600) / 3_600
        self.agents = [0] * max(10, -(-live // 500))
        self.next_agent = 0
        self.events = 0
        self.open = 0

    def arrivals(self):
        while True:
            yield self.env.timeout(self.rng.expovariate(self.rate_per_s))
            self.events += 1
            self.env.process(self.conversation())

    def conversation(self):
        env = self.env
        agent = self.next_agent
        self.next_agent = (self.next_agent + 1) % len(self.agents)
        self.agents[agent] += 1
        self.open += 1
        # The conversation's one deadline, moved by messages; the timer process re-arms lazily.
        state = {"deadline": env.now + INACTIVE_S, "inactive": False, "closed": False}
        env.process(self.timer(state, agent))
        # Geometric number of messages with mean MESSAGES_MEAN (at least one), exponential gaps;
        # a message to an inactive conversation makes it active again, as in convsim.
        p = 1 / MESSAGES_MEAN
        while True:
            yield env.timeout(self.rng.expovariate(1 / GAP_MEAN_S))
            if state["closed"]:
                break
            self.events += 1
            state["inactive"] = False
            state["deadline"] = env.now + INACTIVE_S
            if self.rng.random() < p:
                break

    def timer(self, state, agent):
        env = self.env
        while True:
            yield env.timeout(max(0, state["deadline"] - env.now))
            if state["deadline"] > env.now:
                continue  # moved by a message since: sleep again until the new deadline
            self.events += 1
            if not state["inactive"]:
                state["inactive"] = True
                state["deadline"] = env.now + CLOSED_S
                continue
            state["closed"] = True
            self.agents[agent] -= 1
            self.open -= 1
            return


def main():
    live, window_days, seed = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    env = simpy.Environment()
    world = World(env, live, seed)
    env.process(world.arrivals())
    env.run(until=WARMUP_S)
    before = world.events
    t0 = time.perf_counter()
    env.run(until=WARMUP_S + window_days * DAY)
    seconds = time.perf_counter() - t0
    print(json.dumps({"events": world.events - before, "seconds": seconds, "open": world.open, "simpy": simpy.__version__}))


if __name__ == "__main__":
    main()
