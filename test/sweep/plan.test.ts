// The sweep's plan: dimensions from --set, the cross product, and the shards' jobs.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsOf, jobsOfShard, parseDimension, parseShard, splitValues, type Dimension } from '../../src/sweep/plan.js';
import { fcParams } from '../fc.js';

const dim = (text: string): Dimension => {
  const d = parseDimension(text);
  if ('problem' in d) throw new Error(d.problem);
  return d;
};

describe('dimensions', () => {
  it('splits values at top-level commas only: JSON objects, arrays and strings stay whole', () => {
    expect(splitValues('PT2H,PT6H,P1D')).toEqual(['PT2H', 'PT6H', 'P1D']);
    expect(splitValues('{"a":1,"b":2},[1,2],"x,y",3')).toEqual(['{"a":1,"b":2}', '[1,2]', '"x,y"', '3']);
    expect(splitValues('"a\\",b",c')).toEqual(['"a\\",b"', 'c']);
  });

  it('parses each value as --set does: JSON, a string, or a scale', () => {
    const d = dim('traffic.arrivals.*.ratePerHour=x0.8,x1,x1.2');
    expect(d.path).toBe('traffic.arrivals.*.ratePerHour');
    expect(d.values).toEqual(['x0.8', 'x1', 'x1.2']);
    expect(d.overrides.map((o) => o.value)).toEqual([
      { kind: 'scale', factor: 0.8 },
      { kind: 'scale', factor: 1 },
      { kind: 'scale', factor: 1.2 },
    ]);
    expect(dim('traffic.timers[0].closed=PT2H,P1D').overrides.map((o) => o.text)).toEqual(['traffic.timers[0].closed=PT2H', 'traffic.timers[0].closed=P1D']);
  });

  it('says what is wrong with a dimension, naming the --set', () => {
    expect(parseDimension('traffic.agents.count')).toEqual({ problem: 'convsim: --set traffic.agents.count: expected PATH=VALUE or PATH=v1,v2,..., like traffic.agents.count=400,600,800' });
    expect(parseDimension('traffic.agents.count=1,,2')).toEqual({ problem: 'convsim: --set traffic.agents.count=1,,2: a value is empty (two commas in a row, or one at an end)' });
    expect(parseDimension('traffic.agents.count=1,2,1')).toEqual({ problem: 'convsim: --set traffic.agents.count=1,2,1: a value is given twice' });
    expect(parseDimension('traffic..count=1,2')).toEqual({ problem: 'convsim: --set traffic..count=1,2: "traffic..count" is not a field path like traffic.timers[0].closed' });
  });

  it('crosses dimensions with the first varying slowest', () => {
    const cells = cellsOf([dim('a=1,2'), dim('b=x,y,z')]);
    expect(cells.map((c) => c.values.join(' '))).toEqual(['1 x', '1 y', '1 z', '2 x', '2 y', '2 z']);
    expect(cells[4]!.at).toEqual([1, 1]);
    expect(cells[4]!.overrides.map((o) => o.text)).toEqual(['a=2', 'b=y']);
    expect(cellsOf([])).toHaveLength(1);
  });
});

describe('shards', () => {
  it('parses i/n and refuses anything else', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '1/2/3']) expect(parseShard(bad)).toHaveProperty('problem');
  });

  it('together, the shards run every job exactly once, whatever the cells, replications and n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 40 }), (cells, replications, n) => {
        const all = jobsOfShard(cells, replications, undefined);
        const seen = Array.from({ length: n }, (_, i) => jobsOfShard(cells, replications, { index: i + 1, count: n })).flat();
        expect(seen.map((j) => `${j.cell}/${j.replication}`).sort()).toEqual(all.map((j) => `${j.cell}/${j.replication}`).sort());
        expect(all).toHaveLength(cells * replications);
      }),
      fcParams(200),
    );
  });
});
