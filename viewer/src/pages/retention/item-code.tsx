import { Link } from '../../router';
import { useSession } from '../../session';

/** An item's 档号 (or its id before numbering), linked to the item page for whoever may read items. */
export function ItemCode({ id, code }: { id: string; code: string | null }) {
  const { can } = useSession();
  const text = code ?? id;
  return can('item.read') ? (
    <Link to={`/items/${id}`} className="code">
      {text}
    </Link>
  ) : (
    <span className="code">{text}</span>
  );
}
