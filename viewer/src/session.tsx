import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from './api/client';
import type { Me } from './api/types';

interface Session {
  me: Me | null;
  /** True until the first `GET /api/auth/me` has answered. */
  checking: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  can: (permission: string) => boolean;
}

const Ctx = createContext<Session>({
  me: null,
  checking: true,
  login: async () => undefined,
  logout: async () => undefined,
  can: () => false,
});

/** Who is signed in (the HTTP-only session cookie; the viewer never sees the token). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(true);
  const refresh = useCallback(async () => {
    try {
      setMe(await api<Me>('/api/auth/me'));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 401)) throw e;
      setMe(null);
    } finally {
      setChecking(false);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const login = async (username: string, password: string) => {
    await api('/api/auth/login', { body: { username, password } });
    await refresh();
  };
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    setMe(null);
  };
  const can = (p: string) => !!me?.permissions.includes(p);
  return <Ctx.Provider value={{ me, checking, login, logout, can }}>{children}</Ctx.Provider>;
}

export const useSession = () => useContext(Ctx);
