import { render } from 'preact';
import { z } from 'zod';
import { App } from './app.js';
import { gateApi } from './bridge/gate.js';

// Both shells serve the page under a CSP without 'unsafe-eval': without this zod would probe `new Function` and log a violation.
z.config({ jitless: true });

const root = document.getElementById('app');
if (root !== null) {
  const { api, link } = gateApi();
  render(<App gate={api} link={link} search={window.location.search} />, root);
}
