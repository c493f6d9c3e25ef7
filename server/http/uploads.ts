import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { PageUpload } from '../core/items/create-item';
import { DomainError, invalid } from '../core/shared/errors';

export interface UploadLimits {
  dir: string;
  maxFileBytes: number;
  maxFiles: number;
}

/**
 * Multipart uploads, streamed to disk by multer (never buffered in memory) under size and count limits.
 * Temporary files are always removed when the response ends, whatever happened.
 */
export function pageUploads(limits: UploadLimits, field = 'pages'): RequestHandler {
  const upload = multer({
    storage: multer.diskStorage({
      destination: limits.dir,
      filename: (_req, _file, cb) => cb(null, `${randomUUID()}.part`),
    }),
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles,
      fields: 5,
      fieldSize: 1024 * 1024,
      parts: limits.maxFiles + 5,
    },
  }).array(field, limits.maxFiles);
  return (req: Request, res: Response, next: NextFunction) => {
    res.on('close', () => {
      for (const f of (req.files as Express.Multer.File[] | undefined) ?? [])
        void unlink(f.path).catch(() => undefined);
    });
    upload(req, res, (err: unknown) => next(err ? uploadError(err) : undefined));
  };
}

function uploadError(err: unknown): unknown {
  if (err instanceof multer.MulterError) {
    switch (err.code) {
      case 'LIMIT_FILE_SIZE':
        return new DomainError(
          'upload.file_too_large',
          'too_large',
          'A page file is larger than the limit.',
          { field: err.field },
        );
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_PART_COUNT':
        return new DomainError('upload.too_many_files', 'too_large', 'Too many files in one upload.');
      case 'LIMIT_FIELD_VALUE':
        return new DomainError('upload.field_too_large', 'too_large', 'A form field is too large.', {
          field: err.field,
        });
      default:
        return invalid(
          'upload.unexpected_field',
          `Unexpected multipart field ${err.field ?? ''}: send "metadata" and the files.`,
          { code: err.code },
        );
    }
  }
  if (err instanceof Error && /Multipart|boundary|Unexpected end of form/i.test(err.message))
    return invalid('upload.malformed', 'The multipart body is malformed.');
  return err;
}

/** The uploaded files of this request as the core sees them. */
export async function uploadedPages(req: Request): Promise<PageUpload[]> {
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  const out: PageUpload[] = [];
  for (const f of files) {
    const handle = await open(f.path, 'r');
    const head = Buffer.alloc(16);
    try {
      await handle.read(head, 0, 16, 0);
    } finally {
      await handle.close();
    }
    out.push({
      originalName: Buffer.from(f.originalname, 'latin1').toString('utf8'),
      size: f.size,
      head,
      content: () => createReadStream(f.path),
    });
  }
  return out;
}
