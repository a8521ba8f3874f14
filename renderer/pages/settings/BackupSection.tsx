import { NotBuiltSection } from '../../components/NotBuiltSection';

export function BackupSection() {
  return (
    <NotBuiltSection>
      <ul>
        <li>automatiska säkerhetskopior (före varje import, sammanslagning och uppgradering)</li>
        <li>återställning av en säkerhetskopia</li>
      </ul>
    </NotBuiltSection>
  );
}
