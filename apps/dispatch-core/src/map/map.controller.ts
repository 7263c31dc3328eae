import { ConsoleConfigSchema } from '@feijiu/contracts';
import { buildBasemap, DEMO_COUNTY } from '@feijiu/geo';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { Public } from '../platform/http/access.decorators';

class ConsoleConfigDto extends createZodDto(ConsoleConfigSchema) {}

// The county drawn locally so the console needs no internet tiles. Built once: it never changes at runtime.
const BASEMAP = buildBasemap(DEMO_COUNTY);

@ApiTags('map')
@Controller('api/v1')
export class MapController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** What the console needs before login: county, tiles, language. */
  @Public()
  @Get('console-config')
  @ZodResponse({ type: ConsoleConfigDto })
  consoleConfig() {
    return {
      countyName: DEMO_COUNTY.name,
      countyNameEn: DEMO_COUNTY.nameEn,
      centre: DEMO_COUNTY.centre,
      tileUrl: this.config.map.tileUrl,
      tileCoordSystem: this.config.map.tileCoordSystem,
      tileAttribution: this.config.map.tileAttribution,
      defaultLocale: this.config.map.defaultLocale,
      demo: this.config.demo.enabled,
    };
  }

  /** The county basemap as GeoJSON: boundary, road sketch, places (`properties.layer`). */
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'GeoJSON FeatureCollection' })
  @Get('map/basemap')
  basemap() {
    return BASEMAP;
  }
}
