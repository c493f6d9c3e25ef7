import { PDFDocument } from 'pdf-lib';
import { layoutForm } from '../../server/core/ingest/form-layout';
import { PdfLibDocumentRenderer } from '../../ingest/adapters/pdf-lib.document-renderer';
import { embedProjectFont } from '../../ingest/adapters/pdf-fonts';
const layout = layoutForm({
  agency: '北京市朝阳区社会保险事业管理中心', title: '城镇职工基本养老保险参保登记表', reference: '业务编号：YL2024030100123',
  fields: [ { label: '姓名', value: '张三丰' }, { label: '性别', value: '男' }, { label: '公民身份号码', value: '110105199003071234' }, { label: '出生日期', value: '1990年03月07日' }, { label: '单位名称', value: '北京市朝阳区某某科技发展有限公司' }, { label: '统一社会信用代码', value: '91110105MA01ABCD2X' }, { label: '参保险种', value: '基本养老保险' }, { label: '参保日期', value: '2024年03月01日' }, { label: '缴费基数', value: '8,650.00元' }, { label: '联系电话', value: '13800138000' } ],
  signatures: [ { label: '经办人', value: '李四' }, { label: '复核人', value: '王五' }, { label: '经办日期', value: '2024年03月01日' }, { label: '办结日期', value: '2024年03月02日' } ],
});
async function time(name: string, n: number, f: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 10; i++) await f();
  const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(name, ((performance.now() - t) / n).toFixed(2), 'ms');
}
async function main() {
  const r = new PdfLibDocumentRenderer() as any;
  await time('formPdf', 200, () => r.formPdf(layout));
  await time('create+save', 200, async () => { const d = await PDFDocument.create(); d.addPage(); return d.save(); });
  await time('fonts+save', 200, async () => { const d = await PDFDocument.create(); await embedProjectFont(d, 'regular'); await embedProjectFont(d, 'bold'); d.addPage(); return d.save(); });
  await time('fonts+text+save', 200, async () => { const d = await PDFDocument.create(); const f = await embedProjectFont(d, 'regular'); await embedProjectFont(d, 'bold'); const p = d.addPage(); p.drawText(layout.text.replace(/\n/g, ' '), { font: f, size: 10 }); return d.save(); });
  await time('formPdf', 200, () => r.formPdf(layout));
}
void main();
