// Conversions between the decimal amounts of Meta's payloads ("12.99 USD" in feeds, item_price
// 12.99 in orders) and integer minor units. Each currency's exponent comes from ICU (JPY 0,
// USD 2, KWD 3; @switchboard/proto, which analytics reads the order events' minor units with too),
// so no float is ever stored or compared.
import { currencyExponent } from "@switchboard/proto";

/**
 * Parses a non-negative decimal string ("12.99", "1299", "12.5") into minor units; undefined when
 * it is not a plain decimal or has more fraction digits than the currency allows.
 */
export function decimalToMinor(amount: string, currency: string): number | undefined {
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return undefined;
  const exponent = currencyExponent(currency);
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return undefined;
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, "0") || "0");
}

/** item_price as a JSON number (Meta's order shape) to minor units, rounding float noise away. */
export function numberToMinor(amount: number, currency: string): number | undefined {
  if (!Number.isFinite(amount) || amount < 0) return undefined;
  return Math.round(amount * 10 ** currencyExponent(currency));
}
