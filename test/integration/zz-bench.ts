import { writeFileSync } from 'node:fs';
import { layoutForm } from '../../server/core/ingest/form-layout';
import { PdfLibDocumentRenderer } from '../../ingest/adapters/pdf-lib.document-renderer';

const layout = layoutForm({
  agency: '北京市朝阳区社会保险事业管理中心',
  title: '城镇职工基本养老保险参保登记表',
  reference: '业务编号：YL2024030100123',
  fields: [
    { label: '姓名', value: '张三丰' },
    { label: '性别', value: '男' },
    { label: '公民身份号码', value: '110105199003071234' },
    { label: '出生日期', value: '1990年03月07日' },
    { label: '单位名称', value: '北京市朝阳区某某科技发展有限公司' },
    { label: '统一社会信用代码', value: '91110105MA01ABCD2X' },
    { label: '参保险种', value: '基本养老保险' },
    { label: '参保日期', value: '2024年03月01日' },
    { label: '缴费基数', value: '8,650.00元' },
    { label: '联系电话', value: '13800138000' },
  ],
  signatures: [
    { label: '经办人', value: '李四' },
    { label: '复核人', value: '王五' },
    { label: '经办日期', value: '2024年03月01日' },
    { label: '办结日期', value: '2024年03月02日' },
  ],
});
async function main() {
  const r = new PdfLibDocumentRenderer();
  let out = await r.renderForm(layout);
  writeFileSync('/tmp/scratch/form.pdf', out.pdf);
  writeFileSync('/tmp/scratch/form.png', out.pages[0]!);
  console.log('pdf', out.pdf.length, 'png', out.pages[0]!.length);
  for (let round = 0; round < 3; round++) {
    const n = 40;
    let t = performance.now();
    for (let i = 0; i < n; i++) out = await r.renderForm(layout);
    console.log('sequential ms/form', ((performance.now() - t) / n).toFixed(1));
    t = performance.now();
    await Promise.all(Array.from({ length: n }, () => r.renderForm(layout)));
    console.log('concurrent ms/form', ((performance.now() - t) / n).toFixed(1));
  }
  const sep = await r.separatorSheets([{ code: 'SBDA-SEP/1|养老保险参保登记|110105199003071234|张三丰|91110105MA01ABCD2X|北京市朝阳区某某科技发展有限公司', caption: ['养老保险参保登记', '张三丰 110105199003071234', '北京市朝阳区某某科技发展有限公司'] }]);
  writeFileSync('/tmp/scratch/sep.pdf', sep);
  console.log('sep', sep.length);
}
void main();
