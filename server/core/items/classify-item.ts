import type { CoreDeps } from '../deps';
import { currentBusinessSteps, currentRetentionTable, schemeFor } from '../catalogue/catalogue-service';
import { isRetentionPeriod, retentionDueDate, type RetentionPeriod } from '../catalogue/retention.policy';
import { invalid } from '../shared/errors';
import type { Item } from './item.model';

export interface ClassificationInput {
  fondsCode: string;
  year: number;
  classCode?: string;
  retention?: RetentionPeriod;
  insuranceType?: string;
  businessStep?: string | null;
}

export type Classification = Pick<
  Item,
  | 'fondsCode'
  | 'year'
  | 'classCode'
  | 'retention'
  | 'insuranceType'
  | 'businessStep'
  | 'classifiedBy'
  | 'dueDate'
>;

/**
 * Classifies an item against the current catalogue: a business step supplies its class, insurance type
 * and retention row; explicit values must agree with the catalogue (a retention period may be longer
 * than the row's minimum, never shorter). Records which versions classified the item.
 */
export async function classifyItem(
  deps: Pick<CoreDeps, 'catalogue' | 'audit' | 'clock'>,
  input: ClassificationInput,
): Promise<Classification> {
  const table = await currentRetentionTable(deps);
  const steps = await currentBusinessSteps(deps);
  const scheme = await schemeFor(deps, input.fondsCode, input.year);
  const step = input.businessStep ? steps.body.steps.find((s) => s.code === input.businessStep) : undefined;
  if (input.businessStep && !step)
    throw invalid('item.unknown_business_step', `Unknown business step ${input.businessStep}.`, {
      field: 'businessStep',
    });

  const classCode = input.classCode ?? step?.classCode;
  if (!classCode)
    throw invalid('item.class_required', 'Give a class (类别) or a business step that implies one.', {
      field: 'classCode',
    });
  if (!table.body.classes.some((c) => c.code === classCode))
    throw invalid('item.unknown_class', `Unknown class ${classCode}.`, { field: 'classCode' });

  const insuranceType = input.insuranceType ?? step?.insuranceType;
  if (!insuranceType)
    throw invalid(
      'item.insurance_type_required',
      'Give an insurance type (险种) or a business step that implies one.',
      { field: 'insuranceType' },
    );
  if (!steps.body.insuranceTypes.some((t) => t.code === insuranceType))
    throw invalid('item.unknown_insurance_type', `Unknown insurance type ${insuranceType}.`, {
      field: 'insuranceType',
    });

  const row = step ? table.body.rows.find((r) => r.id === step.retentionRowId) : undefined;
  if (row?.period === 'SHORT')
    throw invalid(
      'retention.short_term_not_archived',
      `${row.name}: kept short-term with its application, not archived as an item.`,
    );
  const minimum = row && isRetentionPeriod(row.period) ? row.period : undefined;
  const retention = input.retention ?? minimum;
  if (!retention)
    throw invalid(
      'item.retention_required',
      'Give a retention period (保管期限): this business step does not fix one.',
      { field: 'retention' },
    );
  if (minimum && retention !== minimum) {
    const shorter =
      (retentionDueDate(2000, retention) ?? '9999') < (retentionDueDate(2000, minimum) ?? '9999');
    if (shorter)
      throw invalid(
        'retention.below_minimum',
        `The retention table sets ${minimum} for this business step; ${retention} is shorter.`,
        { field: 'retention', minimum },
      );
  }

  return {
    fondsCode: input.fondsCode,
    year: input.year,
    classCode,
    retention,
    insuranceType,
    businessStep: step?.code ?? null,
    dueDate: retentionDueDate(input.year, retention),
    classifiedBy: {
      retentionTable: table.version,
      businessSteps: steps.version,
      scheme: scheme.id,
      schemeVersion: scheme.version.version,
      retentionRowId: row?.id ?? null,
    },
  };
}
