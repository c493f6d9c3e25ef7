import type { Actor } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import { currentBusinessSteps } from '../catalogue/catalogue-service';
import type { CoreDeps, RequestContext } from '../deps';
import { parseResidentId } from '../identifiers';
import { invalid } from '../shared/errors';
import type { SeparatorSheet } from './ingest-ports';
import { encodeSeparator } from './separator';
import type { z } from 'zod';
import type { separatorRequestSchema } from './ingest.schemas';

/**
 * Separator sheets (分隔页) to print and put in front of each item before scanning: a QR code names the
 * business step (and the person or unit), so the scan is split and classified with no typing.
 */
export async function printSeparatorSheets(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: z.infer<typeof separatorRequestSchema>,
): Promise<Uint8Array> {
  await authorizeAudited(deps, actor, ctx, 'item.create', 'ingest.separators.print', null);
  const steps = await currentBusinessSteps(deps);
  const sheets: SeparatorSheet[] = [];
  for (const [i, s] of input.sheets.entries()) {
    const step = steps.body.steps.find((x) => x.code === s.businessStep);
    if (!step)
      throw invalid('item.unknown_business_step', `Unknown business step ${s.businessStep}.`, {
        sheet: i + 1,
      });
    if (s.residentId && !parseResidentId(s.residentId).ok)
      throw invalid('separator.bad_resident_id', `Sheet ${i + 1}: not a valid 公民身份号码.`, {
        sheet: i + 1,
      });
    const code = encodeSeparator({
      businessStep: step.code,
      ...(s.residentId ? { residentId: s.residentId } : {}),
      ...(s.personName ? { personName: s.personName } : {}),
      ...(s.unitCode ? { unitCode: s.unitCode } : {}),
      ...(s.unitName ? { unitName: s.unitName } : {}),
    });
    const caption = [
      `${step.code}  ${step.name}`,
      ...(step.forms[0] ? [step.forms[0].title] : []),
      ...(s.personName || s.residentId ? [[s.personName, s.residentId].filter(Boolean).join('  ')] : []),
      ...(s.unitName || s.unitCode ? [[s.unitName, s.unitCode].filter(Boolean).join('  ')] : []),
    ];
    for (let c = 0; c < s.copies; c++) sheets.push({ code, caption });
  }
  const pdf = await deps.media.renderer.separatorSheets(sheets);
  await recordAudit(deps, actor, ctx, 'ingest.separators.print', null, { sheets: sheets.length });
  return pdf;
}
