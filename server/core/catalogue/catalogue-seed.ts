import classesV1 from './seed/classes.v1.json';
import retentionV1 from './seed/retention-table.v1.json';
import stepsV1 from './seed/business-steps.v1.json';
import { DEFAULT_ARCHIVAL_CODE_TEMPLATE } from './archival-code';
import {
  businessStepCatalogueSchema,
  retentionTableSchema,
  type ClassificationScheme,
  type RetentionTable,
  type BusinessStepCatalogue,
} from './catalogue.schemas';

/** Version 1 of the retention table, from the annex (seed/README.md says what is verified). */
export function seedRetentionTable(): RetentionTable {
  const { version: _v, ...table } = retentionV1;
  return retentionTableSchema.parse({ ...table, classes: classesV1.classes });
}

/** Version 1 of the business-step catalogue, from source 004 (§3.5 of source-requirements.md). */
export function seedBusinessSteps(): BusinessStepCatalogue {
  const { version: _v, ...catalogue } = stepsV1;
  return businessStepCatalogueSchema.parse(catalogue);
}

/** The default scheme: classified 年度—险种—业务环节, arranged 年度—类别—保管期限—险种. */
export function defaultScheme(): ClassificationScheme {
  return {
    name: '年度—险种—业务环节',
    classification: ['year', 'insuranceType', 'businessStep'],
    arrangement: ['year', 'class', 'retention', 'insuranceType'],
    archivalCodeTemplate: DEFAULT_ARCHIVAL_CODE_TEMPLATE,
    years: {},
  };
}

/** The legacy scheme many agencies used up to 2011: 科室—险种. */
export function legacyScheme(): ClassificationScheme {
  return {
    name: '科室—险种（2011年及以前）',
    classification: ['section', 'insuranceType'],
    arrangement: ['year', 'section', 'insuranceType', 'retention'],
    archivalCodeTemplate: '{全宗号}-{年度}-{险种代码}-{保管期限代码}-{件号:4}',
    years: { to: 2011 },
  };
}
