import { ApiError } from '../../api/client';
import type { BatchProgress, SplitMode } from './types';

/** A file chosen for the batch, with the path it had inside a dropped or picked folder. */
export interface ChosenFile {
  key: string;
  path: string;
  file: File;
}

let seq = 0;
const chosen = (file: File, path: string): ChosenFile => ({ key: `f${++seq}`, path, file });

/** Files picked with an `<input type=file>` (a folder pick gives `webkitRelativePath`). */
export function fromFileList(list: FileList | null): ChosenFile[] {
  return [...(list ?? [])].map((f) => chosen(f, f.webkitRelativePath || f.name)).sort(byPath);
}

const byPath = (a: ChosenFile, b: ChosenFile) =>
  a.path.localeCompare(b.path, 'zh-CN', { numeric: true, sensitivity: 'base' });

/**
 * Files dropped on the page: each item is read as an entry (`webkitGetAsEntry`), and folders are walked
 * to the bottom, so a dropped scanner folder gives its files in path order. Hidden files are skipped.
 */
export async function fromDrop(data: DataTransfer): Promise<ChosenFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of [...data.items]) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  const out: ChosenFile[] = loose.map((f) => chosen(f, f.name));
  for (const entry of entries) await walk(entry, out);
  return out.sort(byPath);
}

async function walk(entry: FileSystemEntry, out: ChosenFile[]): Promise<void> {
  if (entry.name.startsWith('.')) return;
  if (entry.isFile) {
    const file = await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail));
    out.push(chosen(file, entry.fullPath.replace(/^\//, '')));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries answers in chunks (100 at a time in Chromium) until it answers an empty list.
  for (;;) {
    const chunk = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (chunk.length === 0) break;
    for (const child of chunk) await walk(child, out);
  }
}

export interface BatchUpload {
  fondsCode: string;
  section?: string;
  splitMode: SplitMode;
  files: ChosenFile[];
}

/**
 * `POST /api/ingest/batches` through XMLHttpRequest, for its upload progress. The multipart body holds
 * the files in order, so the bytes sent so far tell how far each file is (the small multipart overhead
 * is spread evenly). `onProgress` gets each file's fraction sent, keyed by `ChosenFile.key`.
 */
export function uploadBatch(
  req: BatchUpload,
  onProgress: (fractions: Record<string, number>) => void,
): { done: Promise<BatchProgress>; abort: () => void } {
  const form = new FormData();
  form.append(
    'metadata',
    JSON.stringify({
      fondsCode: req.fondsCode,
      splitMode: req.splitMode,
      ...(req.section ? { section: req.section } : {}),
    }),
  );
  for (const f of req.files) form.append('files', f.file, f.path.split('/').pop() ?? f.file.name);
  const xhr = new XMLHttpRequest();
  const sizes = req.files.map((f) => f.file.size);
  const sum = sizes.reduce((a, b) => a + b, 0);
  const fractions = (sent: number): Record<string, number> => {
    const out: Record<string, number> = {};
    let offset = 0;
    req.files.forEach((f, i) => {
      const size = sizes[i]!;
      out[f.key] = size === 0 ? (sent >= offset ? 1 : 0) : Math.max(0, Math.min(1, (sent - offset) / size));
      offset += size;
    });
    return out;
  };
  const done = new Promise<BatchProgress>((ok, fail) => {
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(fractions((e.loaded / e.total) * sum));
    };
    xhr.upload.onload = () => onProgress(fractions(sum));
    xhr.onerror = () => fail(new ApiError(0, 'network.error', '网络连接中断，文件没有上传完。请重试。'));
    xhr.onabort = () => fail(new ApiError(0, 'upload.aborted', '上传已取消。'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return ok(body as BatchProgress);
      const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      fail(
        new ApiError(
          xhr.status,
          e?.code ?? `http.${xhr.status}`,
          e?.message ?? (xhr.statusText || `HTTP ${xhr.status}`),
          e?.details,
        ),
      );
    };
  });
  xhr.open('POST', '/api/ingest/batches');
  xhr.withCredentials = true;
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}
