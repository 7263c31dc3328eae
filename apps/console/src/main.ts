import { createApp } from 'vue';
import App from './App.vue';
import { onUnauthorized } from './api/http';
import { forgetSession } from './auth/session';
import { renderStatusColourCss } from './fleet/status-colours';
import { i18n } from './i18n';
import { router } from './router';
import './styles/base.css';
import './styles/pathway.css';

// Any 401 (expired or revoked token) ends the session and returns to the login page.
onUnauthorized(() => {
  forgetSession();
  if (router.currentRoute.value.path !== '/login') void router.replace('/login');
});

const statusColours = document.createElement('style');
statusColours.textContent = renderStatusColourCss();
document.head.append(statusColours);

createApp(App).use(i18n).use(router).mount('#app');
