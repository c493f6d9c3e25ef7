import { ErrorBanner, Loading } from '../../components/status';
import { countInWords, splitByMatches } from './find';
import { fill, type ItemText } from './messages';
import type { PageText } from './types';

interface Props {
  text: PageText | null;
  loading: boolean;
  error: unknown;
  reload: () => void;
  q: string;
  onFind: (q: string) => void;
  t: ItemText;
}

/** The page's text beside the image, with a find box whose hits are marked on the image. */
export function TextPanel({ text, loading, error, reload, q, onFind, t }: Props) {
  const term = q.trim();
  const hits = !text
    ? 0
    : text.words.length > 0
      ? countInWords(text.words, term)
      : splitByMatches(text.text, term).filter((p) => p.hit).length;
  const sourceLabel =
    text?.source === 'ocr'
      ? t('sourceOcr')
      : text?.source === 'text_layer'
        ? t('sourceTextLayer')
        : text?.source === 'generated'
          ? t('sourceGenerated')
          : null;
  return (
    <section className="tp" aria-labelledby="tp-title">
      <h2 id="tp-title">{t('text')}</h2>
      <form className="tp-find" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('find')}
          <input
            type="search"
            value={q}
            placeholder={t('findPlaceholder')}
            onChange={(e) => onFind(e.target.value)}
            autoComplete="off"
          />
        </label>
        {term && text && (
          <p className="tp-hits" role="status" aria-live="polite">
            {hits > 0 ? fill(t('hits'), { n: hits }) : fill(t('noHits'), { q: term })}
          </p>
        )}
      </form>
      {loading && <Loading />}
      {error ? <ErrorBanner error={error} onRetry={reload} /> : null}
      {text && (
        <>
          {sourceLabel && (
            <p className="tp-meta">
              {sourceLabel}
              {sourceLabel && text.confidence !== null
                ? ` · ${fill(t('confidence'), { n: Math.round(text.confidence * (text.confidence <= 1 ? 100 : 1)) })}`
                : ''}
            </p>
          )}
          {text.personalDataMasked && <p className="tp-note">{t('textMasked')}</p>}
          {text.text.trim() === '' ? (
            <p className="empty">{t('noText')}</p>
          ) : (
            <>
              {term && hits > 0 && text.words.length === 0 && <p className="tp-note">{t('noBoxes')}</p>}
              <pre className="tp-text" tabIndex={0} aria-label={t('textContent')}>
                {splitByMatches(text.text, term).map((p, i) =>
                  p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
                )}
              </pre>
            </>
          )}
        </>
      )}
    </section>
  );
}
