import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A list read page by page with the API's cursor: the first page on load (and when `deps` change), the
 * next on `more()`, appended. `reload()` starts again from the first page.
 */
export function usePaged<T>(
  load: (cursor: string | null) => Promise<{ rows: T[]; next: string | null }>,
  deps: unknown[],
) {
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const fetchPage = useCallback((cursor: string | null) => {
    const g = ++generation.current;
    setLoading(true);
    setError(null);
    load(cursor).then(
      (page) => {
        if (g !== generation.current) return;
        setRows((old) => (cursor ? [...old, ...page.rows] : page.rows));
        setNext(page.next);
        setLoading(false);
      },
      (e: unknown) => {
        if (g !== generation.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, deps);
  useEffect(() => fetchPage(null), [fetchPage]);
  return {
    rows,
    setRows,
    next,
    loading,
    error,
    more: () => next && fetchPage(next),
    reload: () => fetchPage(null),
  };
}
