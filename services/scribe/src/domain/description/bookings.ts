// "Book a Full service at 11:30", "reserve a Window table for 19:00": a booking said in one verb. The
// kind named and the time are chosen on the page, then the control the verb names is pressed ("Book
// this slot"), where the page has one.

/** The verb, the kind booked (capitalised, as the page names it) and when. */
const BOOKING =
  /^([Bb]ook|[Rr]eserve|[Ss]chedule)\s+(?:(?:a|an|the|my|one)\s+)?(\p{Lu}[\p{L}'’-]*(?:\s+[\p{Ll}'’-]+){0,3}?)\s+(?:at|for|on)\s+(.+)$/u;
/** A time of day as a booking page lists it ("11:30", "9:00 am"). */
const TIME = /\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?/gi;

export interface Booking {
  /** The verb, which names the control that books ("Book this slot"). */
  verb: string;
  /** What is chosen before it: the kind booked, then each time said. */
  choices: string[];
}

/** The booking `body` says, or undefined when it says none with a time. */
export function bookingOf(body: string): Booking | undefined {
  const m = BOOKING.exec(body.trim());
  if (!m) return undefined;
  const times = (m[3] ?? '').match(TIME) ?? [];
  if (times.length === 0) return undefined;
  return { verb: (m[1] ?? '').toLowerCase(), choices: [m[2] ?? '', ...times] };
}
