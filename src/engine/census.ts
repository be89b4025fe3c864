// A running count of open conversations by state, their peaks, and the conversation-seconds
// spent open (for time averages and Little's law). Bookkeeping beside the rules: the engine
// tells it of every creation, state change and close; it decides nothing.

import { ACTIVE, INACTIVE, type StateCode } from './states.js';

export class Census {
  active = 0;
  inactive = 0;
  peakOpen = 0;
  peakActive = 0;
  peakInactive = 0;
  /** Conversation-seconds spent open up to `areaAtS`. */
  private area = 0;
  private areaAtS = 0;

  get open(): number {
    return this.active + this.inactive;
  }

  /** Conversation-seconds spent open from the start until `nowS`. */
  openSeconds(nowS: number): number {
    return this.area + this.open * (nowS - this.areaAtS);
  }

  opened(state: StateCode, nowS: number): void {
    this.accrue(nowS);
    this.entered(state);
    if (this.open > this.peakOpen) this.peakOpen = this.open;
  }

  moved(from: StateCode, to: StateCode, nowS: number): void {
    if (!isOpen(to)) this.accrue(nowS); // a close changes the open count: settle the area first
    if (from === ACTIVE) this.active--;
    else if (from === INACTIVE) this.inactive--;
    this.entered(to);
  }

  private entered(state: StateCode): void {
    if (state === ACTIVE) {
      if (++this.active > this.peakActive) this.peakActive = this.active;
    } else if (state === INACTIVE) {
      if (++this.inactive > this.peakInactive) this.peakInactive = this.inactive;
    }
  }

  private accrue(nowS: number): void {
    this.area = this.openSeconds(nowS);
    this.areaAtS = nowS;
  }
}

function isOpen(state: StateCode): boolean {
  return state === ACTIVE || state === INACTIVE;
}
