import { NotBuiltSection } from '../../components/NotBuiltSection';

export function GeneralSection() {
  return (
    <NotBuiltSection>
      <ul>
        <li>kommunens, förvaltningens och nämndens namn, aktivt budgetår</li>
      </ul>
    </NotBuiltSection>
  );
}
