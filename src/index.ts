// convsim as a library: the Twilio Conversations emulator (convsim serve) for your own tests.

export { startEmulator, type RunningEmulator, type StartOptions } from './serve/start.js';
export { signature as twilioSignature, type WebhookStats } from './serve/webhooks.js';
export type { WallClock } from './serve/clock.js';
