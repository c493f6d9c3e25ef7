/** Page files accepted, recognised by their magic bytes, never by name or declared type. */
export const PAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/tiff', 'application/pdf'] as const;
export type PageMediaType = (typeof PAGE_MEDIA_TYPES)[number];

const startsWith = (head: Uint8Array, sig: number[]) => sig.every((b, i) => head[i] === b);

/** Detects the type from the first bytes of a file, or null when it is none of the accepted kinds. */
export function detectPageMediaType(head: Uint8Array): PageMediaType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'image/tiff';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}
