import { createRouter, createWebHistory, type RouteLocationRaw } from 'vue-router';
import { ApiHttpError } from './api/http';
import { canOpenSurface, homePathFor, type SurfacePath } from './auth/home-path';
import { hasToken, loadCurrentUser } from './auth/session';
import LoginView from './views/LoginView.vue';

export type SurfaceKey = 'login' | 'dispatch' | 'crew' | 'er' | 'quality';

declare module 'vue-router' {
  interface RouteMeta {
    surface?: SurfaceKey;
    /** Reachable without a token. */
    public?: boolean;
    /** The surface keeps a socket open (the header shows its state). */
    live?: boolean;
  }
}

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/login', component: LoginView, meta: { surface: 'login', public: true } },
    // Lazy: Leaflet and the map code only load for the dispatch surface.
    { path: '/dispatch', component: () => import('./views/DispatchView.vue'), meta: { surface: 'dispatch', live: true } },
    { path: '/crew', component: () => import('./views/CrewView.vue'), meta: { surface: 'crew', live: true } },
    { path: '/er', component: () => import('./views/ErView.vue'), meta: { surface: 'er', live: true } },
    { path: '/quality', component: () => import('./views/QualityView.vue'), meta: { surface: 'quality' } },
    { path: '/', component: LoginView, meta: {} }, // always redirected by the guard
    { path: '/:unknown(.*)*', redirect: '/' },
  ],
});

async function homeOfSignedInUser(): Promise<RouteLocationRaw | null> {
  try {
    return homePathFor((await loadCurrentUser()).role);
  } catch {
    return null;
  }
}

router.beforeEach(async (to) => {
  if (to.meta.public) {
    // Already signed in: skip the login page.
    if (to.path === '/login' && hasToken()) return (await homeOfSignedInUser()) ?? true;
    return true;
  }
  if (!hasToken()) return '/login';
  try {
    const user = await loadCurrentUser();
    const home = homePathFor(user.role);
    if (to.path === '/') return home;
    return canOpenSurface(user.role, to.path as SurfacePath) ? true : home;
  } catch (error) {
    if (!(error instanceof ApiHttpError)) console.warn('[feijiu] /auth/me failed', error);
    return '/login';
  }
});
