/** What a signature entry prints (PDF and XLSX alike): the label, a line to sign on, and the date to fill. */
export const SIGNATURE_LINE = '＿＿＿＿＿＿＿＿';
export const SIGNATURE_DATE = '日期：　　年　　月　　日';

/** `移交人：＿＿＿＿＿＿＿＿` */
export const signatureLabel = (label: string): string => label + '：' + SIGNATURE_LINE;
