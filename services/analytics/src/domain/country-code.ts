// The country calling code of a customer's WhatsApp id (E.164 digits without "+"). ITU calling
// codes are prefix-free: zones 1 (NANP) and 7 are one digit, the two-digit codes are listed,
// every other code is three digits. NANP countries share "1" (Meta prices them alike too).
const TWO_DIGIT = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(
    " ",
  ),
);

export function countryCodeOf(waId: string): string {
  const digits = waId.replace(/^\+/, "");
  if (!/^[1-9]\d{5,14}$/.test(digits)) return "unknown";
  if (digits[0] === "1" || digits[0] === "7") return digits.slice(0, 1);
  const two = digits.slice(0, 2);
  return TWO_DIGIT.has(two) ? two : digits.slice(0, 3);
}
