import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { layoutForm } from '../../server/core/ingest/form-layout';
import { layoutSvg } from '../../ingest/adapters/layout-drawing';
import { rasteriseLayout } from '../../ingest/adapters/layout-raster';
import { PdfLibDocumentRenderer } from '../../ingest/adapters/pdf-lib.document-renderer';
const layout = layoutForm({
  agency: '北京市朝阳区社会保险事业管理中心', title: '城镇职工基本养老保险参保登记表', reference: '业务编号：YL2024030100123',
  fields: [ { label: '姓名', value: '张三丰' }, { label: '性别', value: '男' }, { label: '公民身份号码', value: '110105199003071234' }, { label: '出生日期', value: '1990年03月07日' }, { label: '单位名称', value: '北京市朝阳区某某科技发展有限公司' }, { label: '统一社会信用代码', value: '91110105MA01ABCD2X' }, { label: '参保险种', value: '基本养老保险' }, { label: '参保日期', value: '2024年03月01日' }, { label: '缴费基数', value: '8,650.00元' }, { label: '联系电话', value: '13800138000' } ],
  signatures: [ { label: '经办人', value: '李四' }, { label: '复核人', value: '王五' }, { label: '经办日期', value: '2024年03月01日' }, { label: '办结日期', value: '2024年03月02日' } ],
});
async function time(name: string, n: number, f: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 5; i++) await f();
  const c = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  const cpu = process.cpuUsage(c);
  console.log(name.padEnd(28), 'wall', ((performance.now() - t) / n).toFixed(1), 'cpu', ((cpu.user + cpu.system) / 1000 / n).toFixed(1), 'ms');
}
async function main() {
  let t = performance.now();
  const first = await rasteriseLayout(210, 297, layout.elements, 150);
  console.log('cold', (performance.now() - t).toFixed(1));
  writeFileSync('/tmp/scratch/composed.png', first);
  await sharp(first).extract({ left: 0, top: 0, width: 1240, height: 800 }).toFile('/tmp/scratch/composed-top.png');
  await sharp(Buffer.from(layoutSvg(210, 297, layout.elements, 150))).extract({ left: 0, top: 0, width: 1240, height: 800 }).toFile('/tmp/scratch/svg-top.png');
  await time('rasteriseLayout', 50, () => rasteriseLayout(210, 297, layout.elements, 150));
  const r = new PdfLibDocumentRenderer() as any;
  await time('formPdf', 50, () => r.formPdf(layout));
  await time('renderForm', 50, () => r.renderForm(layout));
  const n = 40;
  const c = process.cpuUsage();
  t = performance.now();
  await Promise.all(Array.from({ length: n }, () => r.renderForm(layout)));
  const cpu = process.cpuUsage(c);
  console.log('concurrent renderForm wall', ((performance.now() - t) / n).toFixed(1), 'cpu', ((cpu.user + cpu.system) / 1000 / n).toFixed(1));
}
void main();
