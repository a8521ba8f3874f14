import { NotBuiltPage } from './NotBuilt';

export function SettingsPage() {
  return (
    <NotBuiltPage title="Inställningar">
      <ul>
        <li>kommunens och förvaltningens namn, den här installationens roll och organisatoriska omfattning</li>
        <li>säkerhetskopior med återställning</li>
      </ul>
    </NotBuiltPage>
  );
}
