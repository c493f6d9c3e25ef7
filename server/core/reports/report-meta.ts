import type { Actor } from '../access/actor';
import type { CoreDeps } from '../deps';

/** 制表人: the account's display name (the username when it has none, or for the system). */
export async function preparer(deps: Pick<CoreDeps, 'accounts'>, actor: Actor): Promise<string> {
  const account = await deps.accounts.getById(actor.accountId);
  return account?.displayName || actor.username;
}

/** 统计范围 in words: the year range, the fonds and the sections a table covers. */
export function rangeLine(r: {
  fromYear: number | null;
  toYear: number | null;
  fondsCode: string | null;
  sections: string[] | null;
}): string[] {
  const years =
    r.fromYear === null && r.toYear === null
      ? '全部年度'
      : r.fromYear === r.toYear
        ? `${r.fromYear}年度`
        : `${r.fromYear ?? '最早'}—${r.toYear ?? '最近'}年度`;
  return [
    `统计年度：${years}`,
    `全宗号：${r.fondsCode ?? '全部全宗'}`,
    ...(r.sections ? [`统计范围：${r.sections.join('、') || '（无科室）'}`] : []),
  ];
}
