/** Storage profiles: `embedded` (the default) and `production`. README "Storage profiles" explains both. */
export { embeddedLayout, localLayout, type LocalLayout } from './embedded';
export {
  elasticsearchNodeUrl,
  productionProfileFromEnv,
  productionProfileSchema,
  type ProductionProfile,
} from './production';
