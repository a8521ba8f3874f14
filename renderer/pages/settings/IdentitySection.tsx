import { NotBuiltSection } from '../../components/NotBuiltSection';

export function IdentitySection() {
  return (
    <NotBuiltSection>
      <ul>
        <li>den här installationens namn, roll och organisatoriska omfattning</li>
        <li>signeringsnyckelns fingeravtryck för paketutbyte</li>
      </ul>
    </NotBuiltSection>
  );
}
