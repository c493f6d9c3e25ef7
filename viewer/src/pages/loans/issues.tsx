import { ApiError } from '../../api/client';

/** The fields the API found invalid (`request.invalid` lists each with where it is), under the banner. */
export function Issues({ error }: { error: unknown }) {
  if (!(error instanceof ApiError)) return null;
  const issues = (error.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  if (!issues?.length) return null;
  return (
    <ul className="issues">
      {issues.map((i) => (
        <li key={`${i.path}:${i.message}`}>
          <code>{i.path}</code>：{i.message}
        </li>
      ))}
    </ul>
  );
}
