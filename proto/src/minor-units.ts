// Order events carry prices as integers in the currency's minor unit (OrderedLine.item_price_minor):
// catalog writes them, analytics reads them, and both must agree on what one minor unit is. Each
// currency's exponent comes from ICU's ISO 4217 data (JPY 0, USD 2, KWD 3), read once per currency.

const exponents = new Map<string, number>();

/** How many decimal digits the currency's minor unit has (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent =
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}
