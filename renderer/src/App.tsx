export function App() {
  return (
    <main>
      <h1>DRM Workbench</h1>
      <p>Build, validate and explain ExpressPlay token requests, then confirm playback.</p>
    </main>
  );
}
