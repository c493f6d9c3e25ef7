import sharp from 'sharp';
import { layoutForm } from '../../server/core/ingest/form-layout';
import { layoutSvg } from '../../ingest/adapters/layout-drawing';
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
  const full = Buffer.from(layoutSvg(210, 297, layout.elements, 150));
  const crop = Buffer.from(layoutSvg(210, 120, layout.elements, 150));
  const noBg = Buffer.from(layoutSvg(210, 297, layout.elements, 150).replace('<rect width="210" height="297" fill="#fff"/>', ''));
  const tiny = Buffer.from(layoutSvg(210, 297, layout.elements, 15));
  const big = Buffer.from(layoutSvg(210, 297, layout.elements, 300));
  await time('tiny 15dpi raw', 30, () => sharp(tiny).raw().toBuffer());
  await time('150dpi raw', 30, () => sharp(full).raw().toBuffer());
  await time('300dpi raw', 10, () => sharp(big).raw().toBuffer());
  for (let k = 0; k < 0; k++) {
  await time('full extract0 png', 30, () => sharp(full).extractChannel(0).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer());
  await time('crop+extend png', 30, () => sharp(crop).extractChannel(0).extend({ bottom: 1754 - 709, background: '#fff' }).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer());
  await time('noBg alpha->png', 30, () => sharp(noBg).extractChannel(3).negate().png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer());
  await time('full raw only', 30, () => sharp(full).raw().toBuffer());
  await time('full png c3', 30, () => sharp(full).extractChannel(0).png({ compressionLevel: 3, adaptiveFiltering: false }).toBuffer());
  }
  console.log((await sharp(crop).extractChannel(0).extend({ bottom: 1754 - 709, background: '#fff' }).png().toBuffer().then(b => sharp(b).metadata())).height);
}
void main();
