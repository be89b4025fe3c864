// A known capacity limit of convsim's storage, reached by a valid scenario: not a bug, and not
// the user's typo either. The engine and the event core throw it with the limit's name; the run
// layer names the scenario field that drives it, and the command line reports one line, exit 2.

export type Capacity =
  | 'open conversations at once'
  | 'conversations in one run'
  | 'distinct timer pairs'
  | 'visits in progress at once'
  | 'customers waiting to come back at once'
  | 'queued events';

export class CapacityExceeded extends Error {
  /** The simulated second it was reached at, set by the run loop that catches it on its way out. */
  atS: number | undefined;

  constructor(
    readonly capacity: Capacity,
    readonly limit: number,
  ) {
    super(`more than ${limit} ${capacity}, the most convsim holds`);
    this.name = 'CapacityExceeded';
  }
}
