import type { Response } from 'express';

/** Streams stored bytes to the client with back-pressure; never cached by shared caches. */
export async function sendBytes(
  res: Response,
  contentType: string,
  bytes: number,
  stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  disposition = 'inline',
): Promise<undefined> {
  res.status(200).set({
    'Content-Type': contentType,
    'Content-Length': String(bytes),
    'Cache-Control': 'private, no-store',
    'Content-Disposition': disposition,
  });
  for await (const chunk of stream) if (!res.write(chunk)) await new Promise((ok) => res.once('drain', ok));
  res.end();
  return undefined;
}
