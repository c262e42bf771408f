// Imported first by main.ts, before the modules that take half a second to load, so that a SIGHUP
// from then on is kept for the policy reloader instead of ending the process (see deferHangups).
import { deferHangups } from '@superagent/config';

export const hangups = deferHangups();
