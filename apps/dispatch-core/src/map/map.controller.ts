import { ConsoleConfigSchema, PlaceSchema } from '@feijiu/contracts';
import { buildBasemap, DEMO_COUNTY } from '@feijiu/geo';
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { Public, Roles } from '../platform/http/access.decorators';
import { buildGazetteer, searchPlaces } from './place-search';

class ConsoleConfigDto extends createZodDto(ConsoleConfigSchema) {}
class PlaceDto extends createZodDto(PlaceSchema) {}
class PlaceQuery extends createZodDto(z.object({ q: z.string().trim().min(1).max(50), limit: z.coerce.number().int().min(1).max(50).default(10) })) {}

const GAZETTEER = buildGazetteer(DEMO_COUNTY);

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
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get('map/basemap')
  basemap() {
    return BASEMAP;
  }

  /** Place search for call taking: prefix matches first, then substring matches. */
  @ApiBearerAuth()
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get('places')
  @ZodResponse({ type: [PlaceDto] })
  places(@Query() query: PlaceQuery) {
    return searchPlaces(GAZETTEER, query.q, query.limit);
  }
}
