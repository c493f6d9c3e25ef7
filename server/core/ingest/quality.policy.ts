import type { CoreSettings } from '../deps';
import type { DraftPage, QualityFinding } from './ingest.model';

/**
 * The quality gate (DA/T 31-2017): resolution ≥ 200 dpi (a warning below 300, the local rule for OCR'd
 * records), skew ≤ 3°, no blank pages inside an item, at least one page. An `error` sends the item to
 * review; a `warning` is kept on the item and shown in review.
 */
export function assessQuality(pages: readonly DraftPage[], limits: CoreSettings['ingest']): QualityFinding[] {
  const out: QualityFinding[] = [];
  if (pages.length === 0)
    out.push({ page: null, code: 'no_pages', severity: 'error', message: 'The item has no pages.' });
  pages.forEach((p, i) => {
    const n = i + 1;
    if (p.textLayer !== null) return; // a generated PDF page: no scan to judge
    const dpi = p.dpi ?? p.analysis?.dpi ?? null;
    if (dpi === null)
      out.push({
        page: n,
        code: 'resolution.unknown',
        severity: 'warning',
        message: `第${n}页：文件未记录分辨率。`,
      });
    else if (dpi < limits.minDpi)
      out.push({
        page: n,
        code: 'resolution.too_low',
        severity: 'error',
        message: `第${n}页：分辨率 ${Math.round(dpi)} dpi，低于 ${limits.minDpi} dpi（DA/T 31）。`,
      });
    else if (dpi < limits.ocrDpi)
      out.push({
        page: n,
        code: 'resolution.below_ocr',
        severity: 'warning',
        message: `第${n}页：分辨率 ${Math.round(dpi)} dpi，低于 OCR 建议的 ${limits.ocrDpi} dpi。`,
      });
    const skew = p.analysis?.skewDegrees ?? 0;
    if (Math.abs(skew) > limits.maxSkewDegrees)
      out.push({
        page: n,
        code: 'skew',
        severity: 'warning',
        message: `第${n}页：偏斜 ${skew.toFixed(1)}°，超过 ${limits.maxSkewDegrees}°（识别时已纠偏，原件未改动）。`,
      });
    if (p.analysis?.blank)
      out.push({ page: n, code: 'blank_page', severity: 'warning', message: `第${n}页：空白页。` });
  });
  return out;
}
