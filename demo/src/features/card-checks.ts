// Pure card-field checks for the checkout (no network, unit-tested).

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export interface CardInput {
  readonly cardNumber: string;
  readonly expiry: string;
  readonly cvc: string;
}

/** Returns the first problem a person would need to fix, or undefined when the card is usable. */
export function cardProblem(card: CardInput, now: Date): string | undefined {
  const digits = card.cardNumber.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits) || !luhnValid(digits)) return 'Card number is invalid.';
  const exp = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec(card.expiry);
  const month = Number(exp?.[1]);
  const year = 2000 + Number(exp?.[2]);
  // A card is valid through the last day of its expiry month.
  if (exp === null || month < 1 || month > 12 || new Date(year, month, 1) <= now) {
    return 'Expiry date is invalid or in the past.';
  }
  if (!/^\d{3,4}$/.test(card.cvc.trim())) return 'Security code is invalid.';
  return undefined;
}

export function lastFour(cardNumber: string): string {
  return cardNumber.replace(/\D/g, '').slice(-4);
}
