// An order's value per currency, in thousandths of a unit (the `order_value_milli:<CUR>` measure),
// from the catalog's lines in minor units. Thousandths hold every ISO 4217 currency's minor unit
// as a whole number (exponents 0 to 3), so the conversion is exact; a currency with a finer unit
// (none in use; CLF has 4) is rounded to the thousandth. Pure: Intl's ISO data, no I/O.
import { currencyExponent } from "@switchboard/proto";
import type { OrderTotals } from "./observation.ts";
import { UNKNOWN } from "./rollup-key.ts";

export interface PricedLine {
  quantity: number;
  itemPriceMinor: number;
  currency: string;
}

/** Per currency the lines name: Σ quantity × item price, in thousandths. Malformed lines add 0. */
export function orderTotalsOf(lines: readonly PricedLine[]): OrderTotals {
  const totals: OrderTotals = {};
  for (const line of lines) {
    const currency = /^[A-Z]{3}$/.test(line.currency) ? line.currency : UNKNOWN;
    const minor = line.quantity * line.itemPriceMinor;
    const milli = currency === UNKNOWN ? 0 : Math.round(minor * 10 ** (3 - currencyExponent(currency)));
    // A counter must stay an exact integer: a value past 2^53 is not counted rather than rounded.
    const valueMilli = minor > 0 && Number.isSafeInteger(minor) && Number.isSafeInteger(milli) ? milli : 0;
    const total = totals[currency] ?? { valueMilli: 0 };
    total.valueMilli += valueMilli;
    totals[currency] = total;
  }
  return totals;
}
