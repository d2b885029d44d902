/** One RFC 4180 field: quoted (with `"` doubled) when it holds a quote, comma, CR or LF. */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** One RFC 4180 record, without its line terminator. */
export const csvRecord = (fields: readonly string[]): string => fields.map(csvField).join(',');
