import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';

export const pageUrl = (itemId: string, n: number, variant?: 'preview' | 'thumbnail') =>
  `/api/items/${encodeURIComponent(itemId)}/pages/${n}${variant ? `/${variant}` : ''}`;

export interface PageImage {
  /** Shown at once (the small image), then covered by the preview when it has arrived. */
  thumbnail: string;
  /** An object URL of the preview once loaded. */
  preview: string | null;
  /** The page has no image for the screen (`page.no_preview`, e.g. a PDF page): offer the original. */
  noPreview: boolean;
  error: unknown;
  loading: boolean;
}

/**
 * Loads a page progressively: the thumbnail URL is shown straight away, while the preview is fetched
 * (so a refusal carries the API's code and message: `page.no_preview` means "download the original").
 */
export function usePageImage(itemId: string, n: number, enabled: boolean): PageImage {
  const [state, setState] = useState<PageImage>(() => initial(itemId, n));
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let url: string | null = null;
    setState(initial(itemId, n));
    (async () => {
      const res = await fetch(pageUrl(itemId, n, 'preview'), { credentials: 'same-origin' });
      if (res.ok) {
        const blob = await res.blob();
        if (!live) return;
        url = URL.createObjectURL(blob);
        setState((s) => ({ ...s, preview: url, loading: false }));
        return;
      }
      const body = (await res.json().catch(() => null)) as {
        error?: { code?: string; message?: string };
      } | null;
      if (!live) return;
      const code = body?.error?.code ?? `http.${res.status}`;
      if (code === 'page.no_preview') setState((s) => ({ ...s, noPreview: true, loading: false }));
      else
        setState((s) => ({
          ...s,
          loading: false,
          error: new ApiError(res.status, code, body?.error?.message ?? res.statusText),
        }));
    })().catch((error: unknown) => live && setState((s) => ({ ...s, loading: false, error })));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [itemId, n, enabled]);
  return state;
}

function initial(itemId: string, n: number): PageImage {
  return {
    thumbnail: pageUrl(itemId, n, 'thumbnail'),
    preview: null,
    noPreview: false,
    error: null,
    loading: true,
  };
}
