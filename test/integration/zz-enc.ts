import { PDFDocument, PDFHexString, EncryptedPDFError } from 'pdf-lib';
async function main() {
  const doc = await PDFDocument.create();
  doc.addPage();
  const encrypt = doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: PDFHexString.of('0'.repeat(64)), U: PDFHexString.of('0'.repeat(64)), P: -44 });
  doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
  const bytes = await doc.save({ useObjectStreams: false });
  try { await PDFDocument.load(bytes, { ignoreEncryption: false }); console.log('loaded'); } catch (e) { console.log(e instanceof EncryptedPDFError, (e as Error).constructor.name, (e as Error).message); }
}
void main();
