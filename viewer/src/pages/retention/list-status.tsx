import type { DestructionStatus } from './types';

/** A destruction list's status as the API names it, coloured by what it waits for. */
export function ListStatus({ status, label }: { status: DestructionStatus; label: string }) {
  const tone =
    status === 'refused'
      ? 'tag bad'
      : status === 'draft' || status === 'executing'
        ? 'tag warn'
        : status === 'approved'
          ? 'tag ok'
          : 'tag done';
  return <span className={tone}>{label}</span>;
}
