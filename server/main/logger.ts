import pino from 'pino';

/**
 * pino, one child per module. Request and job ids go in every line; record content and personal data
 * (names, 公民身份号码) never do: the redaction list is a second line of defence, not the first.
 */
export function createLogger(level: string) {
  return pino({
    level,
    base: { service: 'shebao-archive' },
    redact: {
      paths: [
        '*.password',
        '*.residentId',
        '*.persons',
        '*.title',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  });
}
export type Logger = ReturnType<typeof createLogger>;
