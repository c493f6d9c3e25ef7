import { useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A table that renders only the rows in view (plus a few either side): rows have one fixed height, spacer
 * rows stand in for the rest, so a list of tens of thousands scrolls as fast as one of fifty. The table
 * scrolls in its own box, sized to the window, with the header kept in view. `onNearEnd` fires when the
 * user scrolls near the last loaded row (to load the next page). Rows out of view are not in the DOM;
 * `aria-rowcount` / `aria-rowindex` tell assistive technology where a row sits in the whole list.
 */
export function VirtualTable<T>({
  rows,
  rowHeight,
  header,
  renderRow,
  rowKey,
  rowClass,
  onNearEnd,
  footer,
  label,
  columns,
  minHeight = 240,
  overscan = 8,
}: {
  rows: T[];
  rowHeight: number;
  header: ReactNode;
  /** The cells of a row (the table wraps them in its `<tr>`). */
  renderRow: (row: T, index: number) => ReactNode;
  rowKey: (row: T) => string;
  rowClass?: (row: T) => string | undefined;
  onNearEnd?: () => void;
  footer?: ReactNode;
  label: string;
  columns: number;
  minHeight?: number;
  overscan?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(480);

  // The box fills the window below where it starts (the page itself does not scroll past it).
  const fit = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const top = el.getBoundingClientRect().top + window.scrollY;
    setHeight(Math.max(minHeight, window.innerHeight - top - 16));
  }, [minHeight]);
  useLayoutEffect(fit, [fit]);
  useEffect(() => {
    addEventListener('resize', fit);
    return () => removeEventListener('resize', fit);
  }, [fit]);

  const headerHeight = rowHeight + 4;
  const visible = Math.ceil(height / rowHeight);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rows.length, Math.floor(scrollTop / rowHeight) + visible + overscan);

  useEffect(() => {
    if (onNearEnd && rows.length > 0 && last >= rows.length - overscan) onNearEnd();
  }, [last, rows.length, onNearEnd, overscan]);

  // A new list (other filters) starts at the top.
  const firstKey = rows.length > 0 ? rowKey(rows[0]!) : '';
  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
    setScrollTop(0);
  }, [firstKey]);

  return (
    <div
      ref={box}
      className="vtable"
      style={{ height: Math.min(height, rows.length * rowHeight + headerHeight + (footer ? 60 : 2)) }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      tabIndex={-1}
    >
      <table className="grid" aria-label={label} aria-rowcount={rows.length + 1}>
        <thead>{header}</thead>
        <tbody>
          {first > 0 && (
            <tr aria-hidden="true" className="spacer" style={{ height: first * rowHeight }}>
              <td colSpan={columns} />
            </tr>
          )}
          {rows.slice(first, last).map((row, i) => (
            <tr
              key={rowKey(row)}
              aria-rowindex={first + i + 2}
              className={rowClass?.(row)}
              style={{ height: rowHeight }}
            >
              {renderRow(row, first + i)}
            </tr>
          ))}
          {last < rows.length && (
            <tr aria-hidden="true" className="spacer" style={{ height: (rows.length - last) * rowHeight }}>
              <td colSpan={columns} />
            </tr>
          )}
        </tbody>
      </table>
      {footer}
    </div>
  );
}
