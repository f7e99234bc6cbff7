import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { AppProvider } from './app/context.tsx';
import { getWorkbench } from './platform/workbench.ts';
import { browserStorage } from './state/persist.ts';
import { createAppStore } from './state/store.ts';
import './styles/theme.css';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const workbench = getWorkbench();
const store = createAppStore(workbench, { storage: browserStorage() });
void store.getState().actions.init();

createRoot(root).render(
  <StrictMode>
    <AppProvider store={store} workbench={workbench}>
      <App />
    </AppProvider>
  </StrictMode>,
);
