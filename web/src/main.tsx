import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './global.css';
import './i18n';
import { Root } from './App';
import { keepEnterInDatePickers } from './components/datePickerEnter';

keepEnterInDatePickers();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
