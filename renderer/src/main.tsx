import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { AppProvider } from './app/context.tsx';
import { getWorkbench } from './platform/workbench.ts';
import { browserStorage } from './state/persist.ts';
import { boot, createStores } from './state/stores.ts';
import './styles/theme.css';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const workbench = getWorkbench();
const stores = createStores(workbench, { storage: browserStorage() });
void boot(stores);

createRoot(root).render(
  <StrictMode>
    <AppProvider stores={stores} workbench={workbench}>
      <App />
    </AppProvider>
  </StrictMode>,
);
