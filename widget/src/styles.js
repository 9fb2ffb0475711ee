// Styles live in the widget's shadow root, so the clinic page's CSS cannot break them.
// Logical properties (inline-start/end) mirror the layout for right-to-left automatically.
export const STYLES = `
:host { all: initial; }
.cw-root { font: 15px/1.45 system-ui, "Segoe UI", Tahoma, Arial, sans-serif; color: #1b1f24; }
.cw-root *, .cw-root *::before, .cw-root *::after { box-sizing: border-box; }
button { font: inherit; cursor: pointer; }
:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
.cw-launcher { position: fixed; inset-inline-end: 20px; bottom: 20px; z-index: 2147483000;
  display: flex; align-items: center; gap: 8px; padding: 12px 18px; border: 0; border-radius: 28px;
  background: #0b5cad; color: #fff; font-weight: 600; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
.cw-launcher[aria-expanded="true"] { display: none; }
.cw-panel { position: fixed; inset-inline-end: 20px; bottom: 20px; z-index: 2147483001; width: 380px;
  height: min(640px, calc(100vh - 40px)); display: flex; flex-direction: column; background: #fff;
  border-radius: 14px; box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; }
.cw-panel[hidden] { display: none; }
.cw-header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: #0b5cad; color: #fff; }
.cw-title { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }
.cw-langs { display: flex; gap: 4px; }
.cw-lang { padding: 4px 8px; border: 1px solid #fff; border-radius: 6px; background: transparent; color: #fff; font-size: 13px; }
.cw-lang[aria-pressed="true"] { background: #fff; color: #0b5cad; font-weight: 600; }
.cw-close { width: 34px; height: 34px; border: 0; border-radius: 50%; background: transparent; color: #fff; font-size: 22px; line-height: 1; }
.cw-disclaimer { margin: 0; padding: 6px 12px; background: #eef4fb; color: #213547; font-size: 12.5px; border-bottom: 1px solid #d5e2f0; }
.cw-status { padding: 0 12px; font-size: 13px; color: #7a4b00; background: #fff4d6; }
.cw-status:empty { display: none; }
.cw-log { position: relative; flex: 1; margin: 0; padding: 12px; list-style: none; overflow-y: auto; display: flex; flex-direction: column; gap: 8px; }
.cw-msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-line; overflow-wrap: anywhere; unicode-bidi: isolate; }
.cw-msg a { color: inherit; text-decoration: underline; }
.cw-msg a[href^="tel:"] { white-space: nowrap; }
.cw-bot { align-self: flex-start; background: #f1f3f5; color: #1b1f24; }
.cw-user { align-self: flex-end; background: #0b5cad; color: #fff; }
.cw-urgent { max-width: 100%; background: #fdecea; color: #5f1410; border: 2px solid #b3261e; font-weight: 500; }
.cw-urgent-label { display: block; margin-bottom: 4px; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.cw-calls { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.cw-call { padding: 6px 10px; border-radius: 8px; background: #b3261e; color: #fff !important; font-weight: 700; text-decoration: none !important; }
.cw-call-clinic { background: #fff; color: #5f1410 !important; border: 1px solid #b3261e; font-weight: 600; }
.cw-msg p, .cw-list { margin: 0; }
.cw-msg p + p, .cw-msg p + .cw-list, .cw-list + p { margin-top: 6px; }
.cw-list { padding-inline-start: 20px; }
.cw-lead { font-weight: 500; }
.cw-staff { background: #e8f3ec; border-inline-start: 3px solid #1e7a46; }
.cw-staff-label { display: block; margin-bottom: 2px; color: #1e5c36; font-size: 12.5px; }
.cw-callback-box { margin-top: 8px; }
.cw-callback-open { padding: 5px 10px; border: 1px solid #0b5cad; border-radius: 8px; background: #fff; color: #0b5cad; font: inherit; font-size: 13.5px; }
.cw-callback { display: flex; flex-direction: column; gap: 6px; }
.cw-callback-phone { padding: 6px 8px; border: 1px solid #8a949e; border-radius: 8px; font: inherit; }
.cw-callback-label { font-size: 13px; }
.cw-callback-error:empty, .cw-callback[hidden], .cw-callback-open[hidden] { display: none; }
.cw-callback-error { margin: 0; color: #b3261e; font-size: 13px; }
.cw-callback-submit { align-self: flex-start; padding: 6px 12px; border: 0; border-radius: 8px; background: #0b5cad; color: #fff; font: inherit; font-weight: 600; }
.cw-staff-notice { align-self: center; background: none; color: #5b6570; font-size: 13px; text-align: center; }
.cw-source { display: block; margin-top: 6px; color: #5b6570; font-size: 12px; }
.cw-contacts { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.cw-contact { padding: 5px 10px; border-radius: 8px; border: 1px solid #0b5cad; background: #fff; color: #0b5cad !important; text-decoration: none !important; font-size: 13.5px; }
.cw-feedback { display: flex; gap: 4px; margin-top: 4px; }
.cw-feedback button { padding: 0 6px; border: 1px solid #c9ced4; border-radius: 6px; background: #fff; font-size: 14px; }
.cw-feedback button[aria-pressed="true"] { background: #dbe9f8; border-color: #0b5cad; }
.cw-feedback { flex-wrap: wrap; align-items: center; }
.cw-reasons { display: flex; flex-wrap: wrap; gap: 4px; flex-basis: 100%; align-items: center; font-size: 13px; }
.cw-reasons[hidden] { display: none; }
.cw-feedback .cw-reasons button { padding: 2px 8px; font-size: 13px; }
.cw-feedback-thanks { margin: 0; font-size: 12.5px; color: #2f5d34; flex-basis: 100%; }
.cw-feedback-thanks:empty { display: none; }
.cw-topics { padding: 0 8px; white-space: nowrap; border: 1px solid #0b5cad; border-radius: 8px; background: #fff; color: #0b5cad; font-size: 13.5px; }
.cw-typing { padding: 0 12px 6px; color: #4a5560; font-size: 13px; font-style: italic; }
.cw-typing[hidden] { display: none; }
.cw-quick { display: flex; flex-wrap: wrap; gap: 6px; padding: 0 12px 8px; }
.cw-quick:empty { display: none; }
.cw-quick button { padding: 6px 10px; border: 1px solid #0b5cad; border-radius: 16px; background: #fff; color: #0b5cad; font-size: 13.5px; unicode-bidi: isolate; }
.cw-form { display: flex; flex-wrap: wrap; gap: 8px; padding: 10px 12px; border-top: 1px solid #dde1e5; }
.cw-input { flex: 1; min-width: 0; min-height: 40px; max-height: 120px; padding: 8px 10px; border: 1px solid #8a949e; border-radius: 8px; font: inherit; color: inherit; resize: none; unicode-bidi: plaintext; }
.cw-send { padding: 0 14px; border: 0; border-radius: 8px; background: #0b5cad; color: #fff; font-weight: 600; }
.cw-send:disabled { background: #8a949e; cursor: not-allowed; }
.cw-error { flex-basis: 100%; margin: 0; color: #a1120b; font-size: 13px; }
.cw-error:empty { display: none; }
@media (max-width: 480px) {
  .cw-panel { inset: 0; width: 100%; height: 100%; border-radius: 0; }
  .cw-msg { max-width: 92%; }
}
`;
