import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import type { ItemView } from '../../api/types';
import { ErrorBanner } from '../../components/status';
import { fill, type ItemText } from './messages';
import { pageUrl, usePageImage } from './page-image';

type Zoom = { mode: 'width' } | { mode: 'page' } | { mode: 'custom'; k: number };
type Box = [number, number, number, number];

const PAD = 12;
const MAX_SCALE = 4;
const MIN_K = 0.25;
const STEP = 1.25;
/** Until the first image has loaded: an A4 page at the preview's size. */
const A4 = { w: 1131, h: 1600 };

interface Props {
  item: ItemView;
  n: number;
  onPage: (n: number) => void;
  /** Word boxes to mark (hits of the find box), in the pixels of a page `size` wide and high. */
  marks: Box[];
  size: { width: number; height: number } | null;
  t: ItemText;
}

/**
 * The page viewer: thumbnails, the page (thumbnail first, then the preview), zoom, fit width / page,
 * pan by dragging when zoomed, rotate, page by page; keyboard: ←/→ PgUp/PgDn, + / −, 0, R.
 */
export function PageViewer({ item, n, onPage, marks, size, t }: Props) {
  const total = item.pages.length;
  // The API's page carries its original file name (not in the shared ItemView type).
  const page = item.pages.find((p) => p.n === n) as
    (ItemView['pages'][number] & { originalName?: string }) | undefined;
  const image = usePageImage(item.id, n, !!page);
  const [zoom, setZoom] = useState<Zoom>({ mode: 'page' });
  const [rotations, setRotations] = useState<Record<number, number>>({});
  const rotation = rotations[n] ?? 0;
  const [thumbFailed, setThumbFailed] = useState(false);
  const [previewShown, setPreviewShown] = useState(false);
  const [nat, setNat] = useState(A4);
  const [view, setView] = useState({ w: 800, h: 600 });
  const [dragging, setDragging] = useState(false);
  const viewport = useRef<HTMLDivElement>(null);
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);
  const anchor = useRef<{ x: number; y: number } | null>(null);

  useEffect(() => {
    setThumbFailed(false);
    setPreviewShown(false);
    const v = viewport.current;
    if (v) v.scrollTo(0, 0);
  }, [item.id, n]);

  useEffect(() => {
    const v = viewport.current;
    if (!v) return;
    const measure = () => setView({ w: v.clientWidth, h: v.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(v);
    return () => ro.disconnect();
  }, []);

  const turned = rotation % 180 !== 0;
  const rw = turned ? nat.h : nat.w;
  const rh = turned ? nat.w : nat.h;
  const fitWidth = Math.max(0.01, (view.w - 2 * PAD) / rw);
  const fitPage = Math.max(0.01, Math.min((view.w - 2 * PAD) / rw, (view.h - 2 * PAD) / rh));
  const scale =
    zoom.mode === 'width' ? fitWidth : zoom.mode === 'page' ? fitPage : Math.min(MAX_SCALE, fitPage * zoom.k);
  const w = nat.w * scale;
  const h = nat.h * scale;
  const cw = (turned ? h : w) + 2 * PAD;
  const ch = (turned ? w : h) + 2 * PAD;
  const pannable = cw > view.w + 1 || ch > view.h + 1;

  /** Keeps the point in the middle of the view where it was when the zoom changes. */
  const keepCentre = () => {
    const v = viewport.current;
    if (!v) return;
    anchor.current = {
      x: (v.scrollLeft + v.clientWidth / 2) / v.scrollWidth,
      y: (v.scrollTop + v.clientHeight / 2) / v.scrollHeight,
    };
  };
  useLayoutEffect(() => {
    const v = viewport.current;
    const a = anchor.current;
    if (!v || !a) return;
    anchor.current = null;
    v.scrollLeft = a.x * v.scrollWidth - v.clientWidth / 2;
    v.scrollTop = a.y * v.scrollHeight - v.clientHeight / 2;
  }, [cw, ch]);

  const actions = {
    prev: () => n > 1 && onPage(n - 1),
    next: () => n < total && onPage(n + 1),
    zoomBy: (f: number) => {
      keepCentre();
      const k = Math.max(MIN_K, Math.min(MAX_SCALE / fitPage, (scale / fitPage) * f));
      setZoom({ mode: 'custom', k });
    },
    fit: (mode: 'width' | 'page') => {
      keepCentre();
      setZoom({ mode });
    },
    rotate: () => {
      keepCentre();
      setRotations((r) => ({ ...r, [n]: ((r[n] ?? 0) + 90) % 360 }));
    },
  };
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const el = e.target instanceof Element ? e.target : null;
      if (el?.closest('input, textarea, select, [contenteditable="true"]')) return;
      const a = latest.current;
      const handled: Record<string, () => unknown> = {
        ArrowLeft: a.prev,
        PageUp: a.prev,
        ArrowRight: a.next,
        PageDown: a.next,
        '+': () => a.zoomBy(STEP),
        '=': () => a.zoomBy(STEP),
        '-': () => a.zoomBy(1 / STEP),
        _: () => a.zoomBy(1 / STEP),
        '0': () => a.fit('page'),
        r: a.rotate,
        R: a.rotate,
      };
      const run = handled[e.key];
      if (!run) return;
      e.preventDefault();
      run();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    const v = viewport.current;
    if (!v || e.button !== 0 || !pannable) return;
    drag.current = { x: e.clientX, y: e.clientY, left: v.scrollLeft, top: v.scrollTop };
    v.setPointerCapture(e.pointerId);
    setDragging(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const v = viewport.current;
    const d = drag.current;
    if (!v || !d) return;
    v.scrollLeft = d.left - (e.clientX - d.x);
    v.scrollTop = d.top - (e.clientY - d.y);
  };
  const endDrag = () => {
    drag.current = null;
    setDragging(false);
  };

  const percent = Math.round(scale * 100);
  const showThumb = !thumbFailed && !previewShown;
  const label = fill(t('pageImage'), { n });

  return (
    <div className="pv">
      <nav className="pv-thumbs" aria-label={t('pages')}>
        <ol>
          {item.pages.map((p) => (
            <Thumb
              key={p.n}
              itemId={item.id}
              n={p.n}
              current={p.n === n}
              label={fill(t('pageN'), { n: p.n })}
              missing={p.mediaType === 'application/pdf' ? 'PDF' : t('thumbMissing')}
              onClick={() => onPage(p.n)}
            />
          ))}
        </ol>
      </nav>
      <div className="pv-main">
        <div className="pv-tools" role="toolbar" aria-label={t('tools')}>
          <button
            type="button"
            className="secondary"
            onClick={actions.prev}
            disabled={n <= 1}
            title="← / PgUp"
          >
            {t('prev')}
          </button>
          <PageNumber n={n} total={total} label={t('pageNumber')} onPage={onPage} />
          <button
            type="button"
            className="secondary"
            onClick={actions.next}
            disabled={n >= total}
            title="→ / PgDn"
          >
            {t('next')}
          </button>
          <span className="pv-sep" aria-hidden="true" />
          <button
            type="button"
            className="secondary"
            onClick={() => actions.zoomBy(1 / STEP)}
            aria-label={t('zoomOut')}
            title={`${t('zoomOut')} (−)`}
          >
            −
          </button>
          <output className="pv-zoom" aria-label={t('zoomLevel')} aria-live="polite">
            {percent}%
          </output>
          <button
            type="button"
            className="secondary"
            onClick={() => actions.zoomBy(STEP)}
            aria-label={t('zoomIn')}
            title={`${t('zoomIn')} (+)`}
          >
            +
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={zoom.mode === 'width'}
            onClick={() => actions.fit('width')}
          >
            {t('fitWidth')}
          </button>
          <button
            type="button"
            className="secondary"
            aria-pressed={zoom.mode === 'page'}
            onClick={() => actions.fit('page')}
            title="0"
          >
            {t('fitPage')}
          </button>
          <button type="button" className="secondary" onClick={actions.rotate} title="R">
            {t('rotate')}
          </button>
          {page && (
            <a className="pv-download" href={pageUrl(item.id, n)} download={page.originalName}>
              {t('download')}
            </a>
          )}
        </div>
        {image.error ? <ErrorBanner error={image.error} /> : null}
        <div
          ref={viewport}
          className={`pv-viewport${pannable ? ' pannable' : ''}${dragging ? ' dragging' : ''}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={endDrag}
          onPointerCancel={endDrag}
          data-zoom={zoom.mode}
        >
          {image.noPreview ? (
            <div className="pv-nopreview">
              <p>{t('noPreview')}</p>
              <a href={pageUrl(item.id, n)} download={page?.originalName}>
                {fill(t('downloadPage'), { n })}
              </a>
            </div>
          ) : (
            <div className="pv-canvas" style={{ width: cw, height: ch }}>
              <div
                className="pv-stage"
                data-rotation={rotation}
                style={{
                  width: w,
                  height: h,
                  left: (cw - w) / 2,
                  top: (ch - h) / 2,
                  transform: rotation ? `rotate(${rotation}deg)` : undefined,
                }}
              >
                {showThumb && (
                  <img
                    key={`t${n}`}
                    src={image.thumbnail}
                    alt={image.preview ? '' : label}
                    data-quality="thumbnail"
                    draggable={false}
                    onLoad={(e) => {
                      if (previewShown) return;
                      const i = e.currentTarget;
                      setNat(natOf(i.naturalWidth, i.naturalHeight));
                    }}
                    onError={() => setThumbFailed(true)}
                  />
                )}
                {image.preview && (
                  <img
                    key={image.preview}
                    src={image.preview}
                    alt={label}
                    data-quality="preview"
                    draggable={false}
                    hidden={!previewShown}
                    onLoad={(e) => {
                      const i = e.currentTarget;
                      setNat(natOf(i.naturalWidth, i.naturalHeight));
                      setPreviewShown(true);
                    }}
                  />
                )}
                {marks.length > 0 && (
                  <svg
                    className="pv-marks"
                    viewBox={`0 0 ${size?.width ?? nat.w} ${size?.height ?? nat.h}`}
                    preserveAspectRatio="none"
                    aria-hidden="true"
                  >
                    {marks.map((b, i) => (
                      <rect key={i} x={b[0]} y={b[1]} width={b[2] - b[0]} height={b[3] - b[1]} />
                    ))}
                  </svg>
                )}
              </div>
            </div>
          )}
          {image.loading && !image.noPreview && (
            <p className="pv-loading" role="status">
              {t('loadingPreview')}
            </p>
          )}
        </div>
        <p className="pv-help">{t('shortcuts')}</p>
      </div>
    </div>
  );
}

/** The page number: typed freely, taken on Enter or when leaving the field. */
function PageNumber(props: { n: number; total: number; label: string; onPage: (n: number) => void }) {
  const [draft, setDraft] = useState(String(props.n));
  useEffect(() => setDraft(String(props.n)), [props.n]);
  const commit = () => {
    const v = Number(draft);
    if (Number.isInteger(v) && v >= 1 && v <= props.total) props.onPage(v);
    else setDraft(String(props.n));
  };
  return (
    <label className="pv-pageno">
      <span className="sr-only">{props.label}</span>
      <input
        type="number"
        min={1}
        max={props.total}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
      <span aria-hidden="true">/ {props.total}</span>
    </label>
  );
}

function natOf(w: number, h: number) {
  return w > 0 && h > 0 ? { w, h } : A4;
}

function Thumb(props: {
  itemId: string;
  n: number;
  current: boolean;
  label: string;
  missing: string;
  onClick: () => void;
}) {
  const [failed, setFailed] = useState(false);
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (props.current) ref.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [props.current]);
  return (
    <li>
      <button
        ref={ref}
        type="button"
        className="pv-thumb"
        aria-current={props.current ? 'true' : undefined}
        aria-label={props.label}
        onClick={props.onClick}
      >
        {failed ? (
          <span className="pv-thumb-missing">{props.missing}</span>
        ) : (
          <img
            src={pageUrl(props.itemId, props.n, 'thumbnail')}
            alt=""
            loading="lazy"
            draggable={false}
            onError={() => setFailed(true)}
          />
        )}
        <span className="pv-thumb-n" aria-hidden="true">
          {props.n}
        </span>
      </button>
    </li>
  );
}
