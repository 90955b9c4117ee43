/** Standard Helvetica: no font file to embed, the same in every PDF Roundtable writes. */
export const PDF_REGULAR = 'Helvetica';
export const PDF_BOLD = 'Helvetica-Bold';
/** Body text colour (GOV.UK text). */
export const PDF_TEXT = '#0b0c0c';
/** Every page's margin, in points (about 2 cm). */
export const PDF_MARGIN = 56;

export interface TaggedPdfOptions {
  /** The document's title, shown in the viewer's window. */
  title: string;
  /** Its Subject in the document information. */
  subject: string;
  /** CreationDate and ModDate: a fixed time (the sealing, the sign-off), so one input renders to the same bytes. */
  createdAt: Date;
  /** The footer on page `page` (1-based) of `count`, written on every page as an artifact. */
  footer: (page: number, count: number) => string;
}

/**
 * A tagged PDF as Roundtable writes its records and bundles (docs/SEALED-RECORDS.md):
 * A4, PDF 1.7, document language en-GB, title shown in the window, standard
 * Helvetica, a `Document` structure root that `write` fills (headings,
 * paragraphs, … as structure elements, so `pdftotext` and assistive technology
 * read them in order), then each page's footer as page furniture (an artifact,
 * outside the reading order). Pure: the same input renders to the same bytes.
 * pdfkit (and its font metrics, some 6 MiB) loads with the first PDF, not at boot.
 */
export async function renderTaggedPdf(
  options: TaggedPdfOptions,
  write: (doc: PDFKit.PDFDocument, root: PDFKit.PDFStructureElement) => void,
): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PDF_MARGIN, bottom: PDF_MARGIN, left: PDF_MARGIN, right: PDF_MARGIN },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    bufferPages: true,
    font: PDF_REGULAR,
    info: {
      Title: options.title,
      Subject: options.subject,
      Author: 'Roundtable',
      Creator: 'Roundtable',
      CreationDate: options.createdAt,
      ModDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  write(doc, root);
  root.end();
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the margin must not add a page
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .font(PDF_REGULAR)
      .fontSize(8)
      .fillColor(PDF_TEXT)
      .text(options.footer(i - range.start + 1, range.count), PDF_MARGIN, doc.page.height - 36, {
        width: doc.page.width - 2 * PDF_MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
