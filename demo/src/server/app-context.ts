// What every feature module may know about the running app instance.
import type { BreakableId } from '../features';

export interface AppContext {
  /** The app's own origin as the browser sees it, e.g. http://127.0.0.1:4000. */
  readonly origin: string;
  /** The DemoID provider's origin (a second server on another port). */
  readonly providerOrigin: string;
  isBroken(id: BreakableId): boolean;
  /** Number of items in a visitor's cart, shown in the header badge on every page. */
  cartCount(visitorId: string): number;
}
