import { NotBuiltPage } from './NotBuilt';

export function ReportsPage() {
  return (
    <NotBuiltPage title="Rapporter">
      <ul>
        <li>månads-, tertial-, delårs- och årsrapport till nämnden som PDF, Excel och Word</li>
      </ul>
    </NotBuiltPage>
  );
}
